// A stand-alone entry for the guard (`node guard-entry.js guard …`), for
// builds and tests that do not route `hvtop guard` through the CLI.
import {runGuard} from './guard.js';

const args = process.argv.slice(2);
process.exitCode = await runGuard(args[0] === 'guard' ? args.slice(1) : args);
