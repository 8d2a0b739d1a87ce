// For test files about mechanics that carry their own dates (imports of 2018 projects, export → import round trips
// of every seeded record): run them on the server's real clock instead of the seeded demo clock (2017-11-20), as a
// real deployment does (docs/decisions/060). The demo calendar itself is tested in demo-calendar.test.ts.
import { beforeAll } from "vitest";
import { CLOCK_SETTING } from "~/domain/demoClock";
import { clockReady, now, resetClockCache } from "~/utils/clock.server";
import { prisma } from "~/utils/db.server";

export function useRealClock() {
  beforeAll(async () => {
    await prisma.setting.deleteMany({ where: { key: CLOCK_SETTING } });
    resetClockCache();
    await clockReady({ force: true });
    // off the demo clock the demo accounts obey the password expiry (docs/decisions/083); here, as in a real
    // deployment, their passwords are recent
    await prisma.user.updateMany({ where: { isDemo: true }, data: { passwordChangedAt: now() } });
  });
}
