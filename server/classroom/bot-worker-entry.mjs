// A worker thread does not inherit the parent's TypeScript loader for its entry file:
// register tsx here, then load the worker written in TypeScript.
import { register } from 'tsx/esm/api';

register();
await import('./bot-worker.ts');
