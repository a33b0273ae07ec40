/** Usage lines, kept apart from the commands so `help` loads nothing else. */
export const TRAIN_USAGE =
  'rnn-studio train --data FILE --target COL[,COL] [--features COLS] [--known COLS] [--date COL] [--cell lstm|gru|rnn] [--layers 64,32] ' +
  '[--topology many-to-one|many-to-many|one-to-many|encoder-decoder] [--linear-shortcut on|off] [--lookback N] [--horizon N] [--season N] [--epochs N] ' +
  '[--batch N] [--lr X] [--clip X] [--seed N] [--test N|FRACTION] [--config SPEC.json] [--strict] --out RUN_DIR [--json]';

export const INSPECT_USAGE = 'rnn-studio inspect --data FILE [--target COL[,COL]] [--strict] [--json]';
