/** Milliseconds since the stopwatch was made, read each time it is called (a monotonic clock, not the wall clock). */
export function stopwatch(): () => number {
  const started = performance.now();
  return () => performance.now() - started;
}
