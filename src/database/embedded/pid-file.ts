/** What `postmaster.pid` says about the server that wrote it (PostgreSQL's own format, one value a line). */
export interface PidFile {
  pid: number;
  dataDir: string;
  port: number;
}

/** Lines: pid, data folder, start time, port, socket folder, listen address, shared memory key, status. */
export function parsePidFile(text: string): PidFile | null {
  const lines = text.split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0 || !Number.isInteger(port) || port <= 0) {
    return null;
  }
  return { pid, dataDir: lines[1] ?? '', port };
}
