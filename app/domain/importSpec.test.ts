import { describe, expect, it } from "vitest";
import { IMPORT_STALE_AFTER_S, importInterruptedText } from "./importSpec";

describe("what the job page says when the worker's heartbeat stopped", () => {
  it("an import: where it stopped, that nothing stays, and that it resumes by itself", () => {
    const t = importInterruptedText({ status: "IMPORTING", processedRows: 5000, totalRows: 30000 });
    expect(t.title).toBe("导入已中断，将自动继续");
    expect(t.text).toBe(
      `导入在写入到 5000 / 30000 行时中断（处理该任务的服务进程已停止），本次已写入的行已全部撤销，没有留下任何数据。系统将在心跳停止约 ${IMPORT_STALE_AFTER_S} 秒后自动重新开始，无需重新上传或再次确认。`,
    );
  });
  it("an import stopped while re-checking the file, and a check", () => {
    expect(importInterruptedText({ status: "IMPORTING", processedRows: 0, totalRows: 100 }).text).toContain(
      "导入在写入前复核文件时中断",
    );
    const c = importInterruptedText({ status: "VALIDATING", processedRows: 2000, totalRows: 0 });
    expect(c.title).toBe("检查已中断，将自动继续");
    expect(c.text).toContain("文件检查在已检查 2000 行时中断");
    expect(c.text).toContain("自动重新开始");
  });
});
