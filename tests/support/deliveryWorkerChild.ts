// One delivery worker as a separate process (tests/integration/notification-delivery.test.ts kills it mid-send):
// `tsx tests/support/deliveryWorkerChild.ts` with DATABASE_URL and the channel variables set. CLOCK_SHIFT_MS runs
// it that much later on the application clock (a restart after the dead worker's lease ended). Prints the run's
// tallies as JSON.
import { runDueDeliveries } from "~/models/notificationOutbox.server";
import { clockReady, now } from "~/utils/clock.server";
import { prisma } from "~/utils/db.server";

await clockReady();
const shift = Number(process.env.CLOCK_SHIFT_MS ?? 0);
const r = await runDueDeliveries({ at: () => new Date(now().getTime() + shift) });
console.log(JSON.stringify(r));
await prisma.$disconnect();
process.exit(0);
