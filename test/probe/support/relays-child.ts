// The child of ./relays-in-child.ts: argv = delay in ms, then the target ports; sends the relays' ports back.
import { startDelayingRelay } from './relay';

async function main(): Promise<void> {
  const [delay, ...targets] = process.argv.slice(2).map(Number);
  const relays = await Promise.all(targets.map((port) => startDelayingRelay([port], delay!)));
  process.send!(relays.map((r) => r.port));
  process.on('disconnect', () => process.exit(0));
}

void main();
