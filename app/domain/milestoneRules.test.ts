import { describe, expect, it } from "vitest";
import {
  checkCorrect,
  checkLog,
  checkWithdraw,
  hasErrors,
  lastLoggedStage,
  nextStage,
  nextStageToLog,
  previousStage,
  type ChainMilestone,
} from "./milestoneRules";

const chain = (...list: Array<[ChainMilestone["stage"], string | null]>): ChainMilestone[] =>
  list.map(([stage, actualOn]) => ({ stage, actualOn }));

const today = "2017-08-15";
const signedOnly = chain(["SIGNED", "2017-03-01"], ["LAND", null]);
const landed = chain(["SIGNED", "2017-03-01"], ["LAND", "2017-05-10"]);

describe("stage order", () => {
  it("names neighbours and the next stage to log", () => {
    expect(previousStage("SIGNED")).toBeNull();
    expect(previousStage("FUNDING")).toBe("LAND");
    expect(nextStage("STARTED")).toBe("COMPLETED");
    expect(nextStage("COMPLETED")).toBeNull();
    expect(nextStageToLog([])).toBe("SIGNED");
    expect(nextStageToLog(signedOnly)).toBe("LAND");
    // a gap in the data: FUNDING missing although STARTED has a date → FUNDING is next
    expect(nextStageToLog(chain(["SIGNED", "2017-03-01"], ["LAND", "2017-04-01"], ["STARTED", "2017-06-01"]))).toBe(
      "FUNDING",
    );
    expect(lastLoggedStage(landed)).toBe("LAND");
    expect(lastLoggedStage([])).toBeNull();
  });

  it("accepts the next stage with a date between the previous one and today, with evidence", () => {
    const e = checkLog(
      { stage: "LAND", actualOn: "2017-05-10", evidenceNo: "晋中国土出〔2017〕12号" },
      { milestones: signedOnly, today },
    );
    expect(e).toEqual({});
    expect(hasErrors(e)).toBe(false);
  });

  it("refuses a skipped stage and names the one to log first", () => {
    const e = checkLog(
      { stage: "STARTED", actualOn: "2017-06-01", evidenceNo: "140702201706010101" },
      { milestones: signedOnly, today },
    );
    expect(e.stage).toBe("须先登记「落地（供地）」，不能跳过");
  });

  it("refuses logging a stage twice (that is a correction)", () => {
    const e = checkLog({ stage: "LAND", actualOn: "2017-06-01", evidenceNo: "x" }, { milestones: landed, today });
    expect(e.stage).toContain("已于 2017-05-10 登记");
  });
});

describe("actual dates", () => {
  it("may be today but not tomorrow", () => {
    expect(
      checkLog({ stage: "LAND", actualOn: "2017-08-15", evidenceNo: "x" }, { milestones: signedOnly, today }).actualOn,
    ).toBeUndefined();
    expect(
      checkLog({ stage: "LAND", actualOn: "2017-08-16", evidenceNo: "x" }, { milestones: signedOnly, today }).actualOn,
    ).toBe("实际日期不能晚于今天（2017-08-15）");
  });

  it("may equal the previous stage's date but not be earlier", () => {
    expect(
      checkLog({ stage: "LAND", actualOn: "2017-03-01", evidenceNo: "x" }, { milestones: signedOnly, today }).actualOn,
    ).toBeUndefined();
    expect(
      checkLog({ stage: "LAND", actualOn: "2017-02-28", evidenceNo: "x" }, { milestones: signedOnly, today }).actualOn,
    ).toBe("实际日期不能早于「签约」的日期（2017-03-01）");
  });
});

describe("evidence per stage", () => {
  it("names the document each stage needs", () => {
    const ctx = {
      milestones: chain(
        ["SIGNED", "2017-03-01"],
        ["LAND", "2017-04-01"],
        ["FUNDING", "2017-05-01"],
        ["STARTED", "2017-06-01"],
      ),
      today,
    };
    expect(
      checkLog({ stage: "SIGNED", actualOn: "2017-03-01", evidenceNo: null }, { milestones: [], today }).evidenceNo,
    ).toBe("请填写投资协议（合同）编号");
    expect(
      checkLog({ stage: "LAND", actualOn: "2017-05-01", evidenceNo: "  " }, { milestones: signedOnly, today })
        .evidenceNo,
    ).toBe("请填写土地出让合同或不动产权证书编号");
    expect(
      checkLog(
        { stage: "STARTED", actualOn: "2017-06-01", evidenceNo: "" },
        { milestones: chain(["SIGNED", "2017-03-01"], ["LAND", "2017-04-01"], ["FUNDING", "2017-05-01"]), today },
      ).evidenceNo,
    ).toBe("请填写建筑工程施工许可证编号");
    expect(checkLog({ stage: "COMPLETED", actualOn: "2017-08-01", evidenceNo: null }, ctx).evidenceNo).toBe(
      "请填写竣工验收文件（备案）编号",
    );
  });

  it("FUNDING needs the first receipt: amount and source unless a funding record exists", () => {
    const none = checkLog(
      { stage: "FUNDING", actualOn: "2017-06-01", evidenceNo: "HD-001", amount: null, source: "" },
      { milestones: landed, today, hasFunding: false },
    );
    expect(none.amount).toBe("首次登记资金到位须填写首笔到位金额（万元）");
    expect(none.source).toBe("请填写首笔资金来源");
    const withAmount = checkLog(
      { stage: "FUNDING", actualOn: "2017-06-01", evidenceNo: "HD-001", amount: 5000, source: "企业自有资金" },
      { milestones: landed, today },
    );
    expect(withAmount).toEqual({});
    const existing = checkLog(
      { stage: "FUNDING", actualOn: "2017-06-01", evidenceNo: "HD-001" },
      { milestones: landed, today, hasFunding: true },
    );
    expect(existing).toEqual({});
    expect(
      checkLog(
        { stage: "FUNDING", actualOn: "2017-06-01", evidenceNo: "", amount: 1, source: "x" },
        { milestones: landed, today },
      ).evidenceNo,
    ).toBe("请填写首笔资金到位凭证（收据/进账单）编号");
  });
});

describe("corrections", () => {
  const three = chain(["SIGNED", "2017-03-01"], ["LAND", "2017-05-10"], ["FUNDING", "2017-06-20"]);
  const current = { actualOn: "2017-05-10", evidenceNo: "A-1" };

  it("need a reason and keep the date between the neighbours' dates", () => {
    expect(
      checkCorrect(
        { stage: "LAND", actualOn: "2017-05-12", evidenceNo: "A-1", reason: "录入错误", current },
        { milestones: three, today },
      ),
    ).toEqual({});
    expect(
      checkCorrect(
        { stage: "LAND", actualOn: "2017-05-12", evidenceNo: "A-1", reason: " ", current },
        { milestones: three, today },
      ).reason,
    ).toBe("请填写更正原因");
    expect(
      checkCorrect(
        { stage: "LAND", actualOn: "2017-06-21", evidenceNo: "A-1", reason: "r", current },
        { milestones: three, today },
      ).actualOn,
    ).toBe("实际日期不能晚于「资金到位」的日期（2017-06-20）");
    expect(
      checkCorrect(
        { stage: "LAND", actualOn: "2017-02-01", evidenceNo: "A-1", reason: "r", current },
        { milestones: three, today },
      ).actualOn,
    ).toBe("实际日期不能早于「签约」的日期（2017-03-01）");
  });

  it("refuse an unlogged stage and a no-op", () => {
    expect(
      checkCorrect(
        {
          stage: "STARTED",
          actualOn: "2017-07-01",
          evidenceNo: "x",
          reason: "r",
          current: { actualOn: null, evidenceNo: null },
        },
        { milestones: three, today },
      ).stage,
    ).toBe("「开工」尚未登记，无法更正");
    expect(
      checkCorrect(
        { stage: "LAND", actualOn: "2017-05-10", evidenceNo: " A-1 ", reason: "r", current },
        { milestones: three, today },
      ).actualOn,
    ).toBe("更正后的日期和凭证与原记录相同");
  });
});

describe("withdrawals", () => {
  const three = chain(["SIGNED", "2017-03-01"], ["LAND", "2017-05-10"], ["FUNDING", "2017-06-20"]);
  it("only the last logged stage, with a reason", () => {
    expect(checkWithdraw({ stage: "FUNDING", reason: "到位资金被退回" }, { milestones: three, today })).toEqual({});
    expect(checkWithdraw({ stage: "LAND", reason: "r" }, { milestones: three, today }).stage).toBe(
      "「资金到位」已登记，须先撤回「资金到位」才能撤回「落地（供地）」",
    );
    expect(checkWithdraw({ stage: "FUNDING", reason: "" }, { milestones: three, today }).reason).toBe("请填写撤回原因");
    expect(checkWithdraw({ stage: "STARTED", reason: "r" }, { milestones: three, today }).stage).toBe(
      "「开工」尚未登记，无需撤回",
    );
  });
});
