// 统一社会信用代码 (GB 32100-2015): 18 characters, the last one a mod-31 check character.
export const CREDIT_CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
// First character: 登记管理部门代码; second: 机构类别代码 (allowed per department).
const DEPARTMENT_KINDS: Record<string, string> = {
  "1": "1239", // 机构编制
  "2": "19", // 外交
  "3": "12345789", // 司法行政
  "4": "1239", // 文化
  "5": "1239", // 民政
  "6": "1239", // 旅游
  "7": "129", // 宗教
  "8": "129", // 工会
  "9": "123", // 工商
  A: "19", // 中央军委改革和编制办公室
  N: "1239", // 农业
  Y: "1", // 其他
};

export type CreditCodeProblem = "empty" | "length" | "charset" | "department" | "region" | "checksum";

export const CREDIT_CODE_MESSAGES: Record<CreditCodeProblem, string> = {
  empty: "请填写统一社会信用代码",
  length: "统一社会信用代码应为 18 位",
  charset: "统一社会信用代码只能包含数字和大写字母（不含 I、O、Z、S、V）",
  department: "统一社会信用代码前两位（登记管理部门和机构类别）无效",
  region: "统一社会信用代码第 3–8 位应为行政区划代码（6 位数字）",
  checksum: "统一社会信用代码校验位不正确，请核对",
};

/** The check character for the first 17 characters (assumed to be in the alphabet). */
export function creditCodeCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CREDIT_CODE_ALPHABET.indexOf(first17[i]) * WEIGHTS[i];
  const c = (31 - (sum % 31)) % 31;
  return CREDIT_CODE_ALPHABET[c];
}

export function normalizeCreditCode(raw: string): string {
  return raw.trim().toUpperCase().replace(/\s+/g, "");
}

/** Returns null when valid, else the first problem found. */
export function checkCreditCode(raw: string): CreditCodeProblem | null {
  const code = normalizeCreditCode(raw);
  if (!code) return "empty";
  if (code.length !== 18) return "length";
  for (const ch of code) if (!CREDIT_CODE_ALPHABET.includes(ch)) return "charset";
  const kinds = DEPARTMENT_KINDS[code[0]];
  if (!kinds || !kinds.includes(code[1])) return "department";
  if (!/^\d{6}$/.test(code.slice(2, 8))) return "region";
  if (creditCodeCheckChar(code.slice(0, 17)) !== code[17]) return "checksum";
  return null;
}

export function isValidCreditCode(raw: string): boolean {
  return checkCreditCode(raw) === null;
}

/**
 * Builds a valid code from a department/kind prefix ("91" = 企业), a 6-digit region code and a 9-character
 * body (organisation code). Used by the demo seed and test factories.
 */
export function makeCreditCode(prefix: string, region: string, body: string): string {
  const first17 = `${prefix}${region}${body}`.toUpperCase();
  if (first17.length !== 17) throw new Error(`credit code body must make 17 chars, got ${first17}`);
  return first17 + creditCodeCheckChar(first17);
}
