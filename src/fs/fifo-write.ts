/**
 * Writing through a FIFO (`--out FIFO`, `/dev/stdout` when it is a pipe) without ever blocking
 * the process: a FIFO opened for writing with no reader would block `open` in a thread that
 * Ctrl-C cannot stop. So it is opened with O_NONBLOCK (ENXIO while nobody reads: tried again
 * every 100 ms, as `> fifo` in a shell waits for its reader, but interruptibly), then written as
 * a pipe on the event loop, so a reader that stalls never blocks a signal either.
 */
import { constants, open as openCallback } from "node:fs";
import { Socket } from "node:net";
import { promisify } from "node:util";
import { writeStderr } from "../output/progress.js";

const open = promisify(openCallback);
const RETRY_MS = 100;
const FLAGS = constants.O_WRONLY | (constants.O_NONBLOCK ?? 0);

/** Opens the FIFO for writing once a reader is there; the fd is non-blocking. */
async function openWhenRead(path: string): Promise<number> {
  let said = false;
  for (;;) {
    try {
      return await open(path, FLAGS);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENXIO") throw error;
    }
    if (!said) {
      said = true;
      writeStderr(`awstriage: --out ${path} is a FIFO with no reader yet: waiting for one (Ctrl-C stops)\n`);
    }
    await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
  }
}

export async function writeToFifo(path: string, text: string): Promise<void> {
  const fd = await openWhenRead(path);
  const pipe = new Socket({ fd, readable: false, writable: true });
  await new Promise<void>((resolve, reject) => {
    pipe.once("error", reject);
    pipe.end(text, () => resolve());
  });
  pipe.destroy();
}
