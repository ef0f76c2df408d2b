// Worker thread of core/db/wal-checkpointer.ts: checkpoints the WAL of one SQLite file on
// its own connection, so the copy of WAL pages into the database file and its fsync are
// not done by the thread that commits. Plain JavaScript: no TypeScript loader needed, so
// the thread starts fast and small.
import { parentPort, workerData } from "node:worker_threads";
import Database from "better-sqlite3";

const { file, intervalMs } = workerData;

// A connection per checkpoint, closed right after: no connection of ours is left open
// when the store's connection closes, so that close is still the last one and SQLite
// checkpoints and removes the WAL then, as it did before. PASSIVE only: it never takes the
// writer lock. (RESTART/TRUNCATE from here would hold it, and a transaction of the store
// upgrading from read to write gets SQLITE_BUSY at once, without waiting.)
function tick() {
  const db = new Database(file, { fileMustExist: true, timeout: 0 });
  try {
    return db.pragma("wal_checkpoint(PASSIVE)")[0];
  } finally {
    db.close();
  }
}

const first = tick();
parentPort.postMessage({ ready: true, log: first.log, checkpointed: first.checkpointed });
const timer = setInterval(() => {
  const r = tick();
  parentPort.postMessage({ log: r.log, checkpointed: r.checkpointed });
}, intervalMs);
parentPort.on("message", (msg) => {
  if (msg === "stop") {
    clearInterval(timer);
    parentPort.close(); // nothing left: the thread exits
  }
});
