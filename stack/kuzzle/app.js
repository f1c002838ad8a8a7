'use strict';

// The Kuzzle server of the test stack. stack/start runs it with
// NODE_PATH=<cache>/node_modules (node_modules never live in the checkout) and configures it only
// through kuzzle_* environment variables (storage engine, Redis, port, cluster disabled).

const fs = require('fs');

// First, so that a start that hangs (e.g. waiting for the storage engine) stays killable by stop.
if (process.env.KD_KUZZLE_PIDFILE) {
  fs.writeFileSync(process.env.KD_KUZZLE_PIDFILE, `${process.pid}\n`);
}

const { Backend } = require('kuzzle');

// The name must match ^[a-z\d-]+$.
const app = new Backend('kuzzle-dump-stack');

app.start()
  .then(() => {
    app.log.info('kuzzle-dump test stack: Kuzzle is up');
  })
  .catch((error) => {
    console.error('kuzzle-dump test stack: Kuzzle failed to start');
    console.error(error);
    process.exit(1);
  });
