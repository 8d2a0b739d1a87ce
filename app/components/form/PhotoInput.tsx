import { PHOTO_ACCEPT, PHOTO_HINT } from "~/domain/sitePhotos";
import { Field } from "./Field";

/**
 * The one 现场照片 input of every form that takes site photos (issue 20 §2, docs/decisions/230): up to 9 JPG, PNG
 * or HEIC photos; `capture="environment"` opens a phone's camera directly. The form must post multipart and its
 * route read the `photos` field with acceptPhotos (app/utils/photos.server.ts).
 */
export function PhotoInput({
  id,
  label = "现场照片",
  name = "photos",
  error,
  field,
  className,
}: {
  id: string;
  label?: string;
  name?: string;
  error?: string | null;
  /** useZodForm's field(); without it the input is a plain named input */
  field?: (name: string) => object;
  className?: string;
}) {
  return (
    <Field id={id} label={label} hint={PHOTO_HINT} error={error} className={className}>
      {(p) => (
        <input
          type="file"
          multiple
          accept={PHOTO_ACCEPT}
          capture="environment"
          {...p}
          {...(field ? field(name) : { name })}
        />
      )}
    </Field>
  );
}
