/**
 * A worker's name on the jobs it holds (`jobs.locked_by`): `<host>/<pid>/<random>`. From it, a worker starting on
 * the same host can tell that the holder's process is gone (it died: SIGKILL, a crash) and take its jobs back at
 * once, instead of waiting for their leases to end.
 */
export function workerId(host: string, pid: number, nonce: string): string {
  return `${host}/${pid}/${nonce}`;
}

/**
 * Whether the worker named `id` is certainly gone: it ran on this host, is not `self`, and either its process no
 * longer exists or it had this very process id (a restarted container reuses it). Unknown hosts and names of
 * another shape: not gone (their leases decide).
 */
export function isWorkerGone(
  id: string,
  here: { host: string; self: string },
  processExists: (pid: number) => boolean = pidExists,
): boolean {
  if (id === here.self) return false;
  const parts = id.split("/");
  if (parts.length !== 3 || parts[0] !== here.host) return false;
  const pid = Number(parts[1]);
  if (!Number.isInteger(pid) || pid <= 0) return false;
  const selfPid = Number(here.self.split("/")[1]);
  return pid === selfPid || !processExists(pid);
}

function pidExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists, under another user.
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}
