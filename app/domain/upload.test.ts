import { describe, expect, it } from "vitest";
import { checkUploadMeta, cleanFileName, contentDisposition, MAX_UPLOAD_BYTES, sniffUploadType } from "./upload";

const bytes = (...b: number[]) => new Uint8Array(b);

describe("sniffUploadType", () => {
  it("recognises PDF, PNG and JPEG by their signatures", () => {
    expect(sniffUploadType(new TextEncoder().encode("%PDF-1.7\n"))).toBe("application/pdf");
    expect(sniffUploadType(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0))).toBe("image/png");
    expect(sniffUploadType(bytes(0xff, 0xd8, 0xff, 0xe0))).toBe("image/jpeg");
  });
  it("rejects anything else, including a renamed executable and HTML", () => {
    expect(sniffUploadType(bytes(0x4d, 0x5a, 0x90, 0))).toBeNull();
    expect(sniffUploadType(new TextEncoder().encode("<html><script>"))).toBeNull();
    expect(sniffUploadType(bytes())).toBeNull();
  });
});

describe("checkUploadMeta", () => {
  it("limits size and extension", () => {
    expect(checkUploadMeta({ name: "许可证.pdf", size: 1000, type: "application/pdf" })).toBeNull();
    expect(checkUploadMeta({ name: "a.PNG", size: MAX_UPLOAD_BYTES, type: "image/png" })).toBeNull();
    expect(checkUploadMeta({ name: "a.pdf", size: MAX_UPLOAD_BYTES + 1, type: "application/pdf" })).toBe(
      "附件不能超过 10 MB",
    );
    expect(checkUploadMeta({ name: "a.docx", size: 10, type: "application/msword" })).toBe(
      "附件只能是 PDF、JPG 或 PNG 文件",
    );
    expect(checkUploadMeta({ name: "a.pdf", size: 0, type: "application/pdf" })).toBe("附件是空文件");
  });
});

describe("file names and the download header", () => {
  it("drops folders and header-breaking characters", () => {
    expect(cleanFileName("C:\\fakepath\\施工许可证.pdf", "application/pdf")).toBe("施工许可证.pdf");
    expect(cleanFileName('../../etc/"x"\r\n.png', "image/png")).toBe("x.png");
    expect(cleanFileName("", "image/jpeg")).toBe("附件.jpg");
  });
  it("always downloads, with an ASCII fallback and the UTF-8 name", () => {
    expect(contentDisposition("施工许可证.pdf")).toBe(
      "attachment; filename=\"_____.pdf\"; filename*=UTF-8''%E6%96%BD%E5%B7%A5%E8%AE%B8%E5%8F%AF%E8%AF%81.pdf",
    );
    expect(contentDisposition('a";b.pdf')).toBe("attachment; filename=\"a__b.pdf\"; filename*=UTF-8''a%22%3Bb.pdf");
  });
});
