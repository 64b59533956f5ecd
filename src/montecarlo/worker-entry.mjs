// Worker-thread entry: registers tsx so the TypeScript worker can load, whatever the
// parent's loader setup (bin/k8s-ha-sim registers tsx through its API, vitest its own).
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
