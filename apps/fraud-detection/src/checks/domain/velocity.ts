/**
 * Number of order times in the window (at - windowMs, at]: the velocity
 * rule's count. Times are epoch milliseconds of when each order was placed
 * (OrderPlaced.occurredAt), never the clock at scoring time, so a replay or a
 * late delivery counts the same history the same way. `at` itself is counted
 * when it is among `placedAt`.
 */
export function ordersInWindow(placedAt: readonly number[], at: number, windowMs: number): number {
  return placedAt.filter((time) => time > at - windowMs && time <= at).length;
}
