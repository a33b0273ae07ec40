/** How global-setup.ts tells the specs where the host is. */
export const E2E_ENV = {
  url: 'RNN_E2E_URL',
  origin: 'RNN_E2E_ORIGIN',
  runsDir: 'RNN_E2E_RUNS_DIR',
  dataDir: 'RNN_E2E_DATA_DIR',
  root: 'RNN_E2E_ROOT',
} as const;

export interface E2eEnv {
  /** The URL with the token, as the host printed it. */
  url: string;
  origin: string;
  runsDir: string;
  dataDir: string;
  root: string;
}

export function e2eEnv(): E2eEnv {
  const read = (name: string): string => {
    const value = process.env[name];
    if (!value) throw new Error(`${name} is not set: run the e2e tests through playwright.config.ts, whose global setup starts the browser host`);
    return value;
  };
  return { url: read(E2E_ENV.url), origin: read(E2E_ENV.origin), runsDir: read(E2E_ENV.runsDir), dataDir: read(E2E_ENV.dataDir), root: read(E2E_ENV.root) };
}
