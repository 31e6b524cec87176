/**
 * Issue 23's scenario: over a 2-hour window, `orders-handler`'s errors begin 40 minutes in
 * (80 minutes ago) and keep rising; `billing-sync`'s errors stopped an hour ago. Both are
 * invoked every minute of the window.
 */
import { createFunctions, putMetricData, type Datapoint } from "./seed-services.js";

export const TIME_REGION = "us-east-1";
export const RISING = "orders-handler";
export const ENDED = "billing-sync";
/** When the rising function's errors began, in minutes before the seeding. */
export const RISING_STARTED_MINUTES_AGO = 80;

const fn = (name: string) => ({ FunctionName: name });
const perMinute = (metricName: string, name: string, value: (minutesAgo: number) => number, from: number, to = 1) =>
  Array.from({ length: from - to + 1 }, (_, i): Datapoint => {
    const minutesAgo = from - i;
    return { metricName, dimensions: fn(name), value: value(minutesAgo), minutesAgo };
  });

export async function seedTimeScenario(endpoint: string, now = Date.now(), r = TIME_REGION): Promise<void> {
  await createFunctions(endpoint, r, [
    { name: RISING, runtime: "nodejs20.x", timeout: 30 },
    { name: ENDED, runtime: "nodejs20.x", timeout: 30 },
  ]);
  const points = [
    ...perMinute("Invocations", RISING, () => 100, 119),
    ...perMinute("Errors", RISING, (m) => RISING_STARTED_MINUTES_AGO - m + 1, RISING_STARTED_MINUTES_AGO),
    ...perMinute("Invocations", ENDED, () => 100, 119),
    ...perMinute("Errors", ENDED, () => 5, 110, 60),
  ];
  // Small calls: moto answers 500 to a PutMetricData of 100 datapoints.
  for (let i = 0; i < points.length; i += 50)
    await putMetricData(endpoint, r, "AWS/Lambda", points.slice(i, i + 50), now);
}
