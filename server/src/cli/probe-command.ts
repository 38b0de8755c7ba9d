// Placeholder until the probe engine lands (issue 3).
import { UsageError, type CliIO } from './io';

export async function runProbeCommand(_argv: string[], _io: CliIO): Promise<number> {
  throw new UsageError('probe: not available yet');
}
