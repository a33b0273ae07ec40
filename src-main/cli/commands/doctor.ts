import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { initBackend, probeNative } from '../../engine/backend';
import { addonTrains, nativeAddonStatus } from '../../engine/model/native-addon';
import { EXIT_OK } from '../cli-error';
import type { CliIo } from '../io';
import { backendLine } from '../backend-line';

export async function doctorCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { json: { type: 'boolean' } }, strict: true });
  const native = probeNative();
  const backend = await initBackend();
  const report = {
    backend,
    native,
    node: process.versions.node,
    platform: `${process.platform}-${process.arch}`,
    cores: cpus().length,
    nativeAddon: nativeAddonStatus(),
  };
  if (values.json) {
    io.stdout.write(JSON.stringify(report) + '\n');
    return EXIT_OK;
  }
  const lines = [
    backendLine(backend),
    `tfjs: ${backend.tfjsVersion}`,
    `TensorFlow: ${backend.tensorflowVersion ?? (native.tensorflowVersion ? `${native.tensorflowVersion} (available, not active)` : 'not in use')}`,
    `threads: ${backend.threads ?? 1} (cores: ${report.cores})`,
    `native TensorFlow: ${native.available ? `available${native.tensorflowVersion ? ` (TF ${native.tensorflowVersion})` : ''}` : `unavailable — ${native.reason}`}`,
    `native addon (SimpleRNN and GRU on the fused core): ${report.nativeAddon.loaded ? `loaded (${report.nativeAddon.path})${addonTrains('gru') ? '' : '; this build has no GRU kernels (npm run build:native), GRU runs on GRUBlockCell'}` : `not loaded — ${report.nativeAddon.reason}; SimpleRNN runs on TensorFlow ops, GRU on GRUBlockCell`}`,
    `node: ${report.node} on ${report.platform}`,
  ];
  if (process.env.RNN_STUDIO_BACKEND) lines.push(`RNN_STUDIO_BACKEND=${process.env.RNN_STUDIO_BACKEND} forces the backend`);
  io.stdout.write(lines.join('\n') + '\n');
  return EXIT_OK;
}
