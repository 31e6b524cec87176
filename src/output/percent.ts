/**
 * The one way a share (errors of invocations, throttles of attempts, a log signature's lines)
 * reads as a percentage for people: in finding titles, incident signals and every table cell,
 * so one rate reads the same wherever it appears. JSON keeps the raw fraction.
 *
 * Under 10%, one decimal tells 0.4% from 4%; from 10% on, the decimal is noise at 3 a.m.
 * (`14%`, not `13.9%`). A share that is not nothing never reads `0%` (`<0.1%`), and one that is
 * not everything never reads `100%` (`>99%`). It imports nothing, so rules/ and output/ can
 * both use it.
 */
export function percent(share: unknown): string {
  if (typeof share !== "number" || !Number.isFinite(share)) return "-";
  const pct = share * 100;
  if (pct > 0 && pct < 0.05) return "<0.1%";
  // Rounded to a tenth first, so 9.99% reads `10%` rather than `10.0%`.
  const tenth = Math.round(pct * 10) / 10;
  if (Math.abs(tenth) < 10) return `${tenth === 0 ? 0 : tenth}%`;
  const whole = Math.round(pct);
  return whole === 100 && share < 1 ? ">99%" : `${whole}%`;
}
