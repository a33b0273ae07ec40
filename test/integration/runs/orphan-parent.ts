/**
 * A parent that starts a training worker and then waits to be killed: used to check that a worker
 * whose parent dies stops cleanly instead of training on unobserved. Prints the worker's pid once
 * the first epoch is done.
 */
import { RunConfig } from '../../../src-main/engine/spec';
import { TrainingProcess } from '../../../src-main/worker';

const [runDir, dataPath] = process.argv.slice(2);
const config = RunConfig.parse({
  series: { target: ['Passengers'], date: 'Month' },
  window: { lookback: 12 },
  model: { cell: 'gru', layers: [{ units: 4 }] },
  train: { epochs: 2000, batchSize: 64, earlyStopping: null },
});
let announced = false;
const trainer = new TrainingProcess({
  runDir,
  dataPath,
  config,
  onEvent: (e) => {
    if (e.type === 'epoch' && !announced) {
      announced = true;
      process.stdout.write(`worker ${trainer.pid}\n`);
    }
  },
}).start();
void trainer.finished;
