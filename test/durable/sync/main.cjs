// CommonJS entry for the durable runSync fixture (runSync is allowed only before the event loop starts):
//   node --require tsx/cjs main.cjs <db path> <phase>
require(require('node:path').resolve(__dirname, 'run-sync-durable.cts'));
