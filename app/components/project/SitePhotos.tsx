import { formatChinaDateTime } from "~/domain/dates";

export interface SitePhoto {
  id: number;
  fileName: string;
  takenAt: string | null;
  place: string | null;
  marks: string[];
}

/**
 * The site photos of a milestone, service log, agency task or issue (issue 20 §2, docs/decisions/230): each
 * thumbnail (a link to the converted JPEG) with its EXIF capture time and place beside it, and the reviewer's marks
 * (taken far from the project, long before the logged date). `of` names the record: 「签约」现场照片.
 */
export function SitePhotos({ photos, of }: { photos: SitePhoto[]; of: string }) {
  if (!photos.length) return null;
  return (
    <ul className="site-photos" aria-label={`「${of}」现场照片`}>
      {photos.map((p) => (
        <li key={p.id} className={p.marks.length ? "marked" : undefined}>
          <a href={`/resources/photos/${p.id}/preview`} target="_blank" rel="noreferrer">
            <img src={`/resources/photos/${p.id}/thumb`} alt={`现场照片：${p.fileName}`} loading="lazy" />
          </a>
          <dl className="small">
            <dt>拍摄时间</dt>
            <dd>{p.takenAt ? formatChinaDateTime(p.takenAt) : "照片未记录"}</dd>
            <dt>拍摄地点</dt>
            <dd>{p.place ?? "照片未记录"}</dd>
          </dl>
          {p.marks.map((m) => (
            <p key={m} className="photo-mark small">
              <strong>请核实：</strong>
              {m}
            </p>
          ))}
          <a className="small" href={`/resources/attachments/${p.id}`}>
            下载原图：{p.fileName}
          </a>
        </li>
      ))}
    </ul>
  );
}
