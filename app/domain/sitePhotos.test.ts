import { describe, expect, it } from "vitest";
import { checkPhotos, distanceKm, formatPlace, photoMarks, sniffPhotoType } from "./sitePhotos";

const YUCI = { latitude: 37.6968, longitude: 112.708 };

describe("site photos", () => {
  it("measures distances on the sphere", () => {
    // one degree of latitude ≈ 111.19 km on a 6371 km sphere
    expect(distanceKm({ latitude: 37, longitude: 112 }, { latitude: 38, longitude: 112 })).toBeCloseTo(111.19, 1);
    expect(distanceKm(YUCI, YUCI)).toBe(0);
  });

  it("marks a photo taken more than 2 km away or more than 7 days before the logged date", () => {
    const near = { latitude: 37.7, longitude: 112.708 }; // ≈ 0.36 km north
    const far = { latitude: 37.7268, longitude: 112.708 }; // ≈ 3.3 km north
    expect(photoMarks({ takenOn: "2017-11-15", location: near }, YUCI, "2017-11-18")).toEqual([]);
    expect(photoMarks({ takenOn: "2017-11-15", location: far }, YUCI, "2017-11-18")).toEqual([
      "拍摄地点距项目 3.3 公里",
    ]);
    // exactly 7 days is not marked, 8 is
    expect(photoMarks({ takenOn: "2017-11-11", location: null }, YUCI, "2017-11-18")).toEqual([]);
    expect(photoMarks({ takenOn: "2017-11-10", location: null }, YUCI, "2017-11-18")).toEqual([
      "拍摄时间早于登记日期 8 天",
    ]);
    // no project point yet: only the time is checked
    expect(photoMarks({ takenOn: "2017-10-20", location: far }, null, "2017-11-18")).toEqual([
      "拍摄时间早于登记日期 29 天",
    ]);
    // Beijing is ≈ 400 km from 榆次
    expect(photoMarks({ takenOn: null, location: { latitude: 39.9042, longitude: 116.4074 } }, YUCI, null)[0]).toMatch(
      /^拍摄地点距项目 4\d\d 公里$/,
    );
  });

  it("knows JPEG, PNG and HEIC by their bytes", () => {
    const ftyp = (brand: string) => new Uint8Array([0, 0, 0, 24, ...Buffer.from(`ftyp${brand}`)]);
    expect(sniffPhotoType(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]))).toBe("image/jpeg");
    expect(sniffPhotoType(ftyp("heic"))).toBe("image/heic");
    expect(sniffPhotoType(ftyp("mif1"))).toBe("image/heic");
    expect(sniffPhotoType(ftyp("isom"))).toBeNull(); // an MP4 video
    expect(sniffPhotoType(Buffer.from("%PDF-1.4"))).toBeNull();
  });

  it("allows at most 9 photos of the allowed types", () => {
    const photo = (name: string, size = 100) => ({ name, size });
    expect(checkPhotos(Array.from({ length: 9 }, (_, i) => photo(`${i}.heic`)))).toBeNull();
    expect(checkPhotos(Array.from({ length: 10 }, (_, i) => photo(`${i}.jpg`)))).toBe("现场照片最多 9 张");
    expect(checkPhotos([photo("a.jpg"), photo("b.gif")])).toBe("照片 b.gif 不是 JPG、PNG 或 HEIC 格式");
    expect(checkPhotos([photo("a.HEIF", 11 * 1024 * 1024)])).toBe("照片 a.HEIF 超过 10 MB");
  });

  it("names the place in Chinese", () => {
    expect(formatPlace(YUCI)).toBe("北纬 37.6968°，东经 112.7080°");
  });
});
