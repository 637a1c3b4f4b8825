/** Which cluster process a sample is of: its pid and start time (a later process may get the same pid). */
export interface ClusterId {
  readonly pid: number;
  readonly startedAtMs: number | null;
}

export function sameCluster(left: ClusterId | null | undefined, right: ClusterId | null | undefined): boolean {
  if (left === undefined || right === undefined) return left === right;
  if (left === null || right === null) return left === right;
  return left.pid === right.pid && left.startedAtMs === right.startedAtMs;
}
