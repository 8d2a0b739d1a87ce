// Prints the application clock's now (ISO) as a separate process sees it: `tsx tests/support/printClock.ts`
// with DATABASE_URL (and optionally APP_CLOCK) set. Used by tests/integration/clock.test.ts.
import { appClock } from "../../scripts/lib/app-clock";

const now = await appClock(process.env.DATABASE_URL!, (m) => console.error(m));
console.log(now().toISOString());
process.exit(0);
