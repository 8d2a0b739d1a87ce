import { describe, expect, it } from "vitest";
import { applies, channelsFor, defaultChannels, effectiveChannels, eventsFor } from "./notificationPrefs";

const sorted = (s: Set<string>) => [...s].sort();

describe("channels per event (docs/decisions/165)", () => {
  it("defaults per role: staff hear of the work in the group and by mail, SMS when a deadline passed", () => {
    expect(sorted(defaultChannels("TEAM", "NEW"))).toEqual(["DINGTALK", "EMAIL", "WECOM"]);
    expect(sorted(defaultChannels("TEAM", "OVERDUE"))).toEqual(["DINGTALK", "EMAIL", "SMS", "WECOM"]);
    expect(defaultChannels("TEAM", "MILESTONE_SOON").has("DINGTALK")).toBe(true);
    expect(defaultChannels("LEADER", "REPORT_FROZEN").has("SMS")).toBe(true);
    expect(defaultChannels("LEADER", "ESCALATED").has("SMS")).toBe(true);
    expect(defaultChannels("LEADER", "NEW").has("SMS")).toBe(false);
    expect(sorted(defaultChannels("ENTERPRISE", "RESOLVED"))).toEqual(["EMAIL", "SMS"]);
    expect(defaultChannels("ENTERPRISE", "COMMENTED").has("SMS")).toBe(false);
    expect(defaultChannels("ADMIN", "BACKUP_FAILED").has("SMS")).toBe(true);
  });
  it("a person's own notices never go to a group chat", () => {
    expect(applies("ACCOUNT_LOCKED", "DINGTALK")).toBe(false);
    expect(applies("ACCOUNT_LOCKED", "SMS")).toBe(true);
    expect(defaultChannels("ADMIN", "BACKUP_FAILED").has("WECOM")).toBe(false);
    expect(effectiveChannels("ADMIN", "BACKUP_FAILED", { WECOM: true }).has("WECOM")).toBe(false);
  });
  it("a saved choice overrides the default channel by channel; an enterprise cannot choose a robot", () => {
    const e = effectiveChannels("TEAM", "OVERDUE", { SMS: false, EMAIL: false });
    expect(sorted(e)).toEqual(["DINGTALK", "WECOM"]);
    expect(effectiveChannels("ENTERPRISE", "RESOLVED", { DINGTALK: true }).has("DINGTALK")).toBe(false);
    expect(channelsFor("ENTERPRISE")).toEqual(["SMS", "EMAIL"]);
  });
  it("lists the events that concern the role", () => {
    const team = eventsFor("TEAM").map((e) => e.kind);
    expect(team).toContain("WEEKLY_DIGEST");
    expect(team).not.toContain("BACKUP_FAILED");
    expect(team).not.toContain("REGISTRATION");
    expect(eventsFor("COUNTY").map((e) => e.kind)).toContain("REGISTRATION");
    expect(eventsFor("ENTERPRISE").map((e) => e.kind)).not.toContain("WEEKLY_DIGEST");
    expect(eventsFor("AUDITOR").map((e) => e.kind)).toEqual(["ACCOUNT_LOCKED"]);
  });
});
