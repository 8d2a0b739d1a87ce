// Client half of the form convention: react-hook-form validates with the shared zod schema before submitting;
// the submit itself is Remix's (the native form posts when JavaScript has not loaded yet), and errors the
// server returns are merged in next to their fields.
import { zodResolver } from "@hookform/resolvers/zod";
import { useSubmit } from "@remix-run/react";
import { useEffect, type FormEvent } from "react";
import { useForm, type DefaultValues, type FieldValues, type Path } from "react-hook-form";
import type * as z4 from "zod/v4/core";

export function useZodForm<S extends z4.$ZodType<FieldValues, FieldValues>>(
  schema: S,
  opts: {
    defaultValues?: DefaultValues<z4.input<S>>;
    serverErrors?: Record<string, string> | null;
    method?: "post" | "get";
    action?: string;
  } = {},
) {
  const form = useForm<z4.input<S>, unknown, z4.output<S>>({
    resolver: zodResolver(schema as never) as never,
    defaultValues: opts.defaultValues,
    mode: "onTouched",
  });
  const submit = useSubmit();
  const { serverErrors } = opts;
  useEffect(() => {
    if (!serverErrors) return;
    for (const [name, message] of Object.entries(serverErrors)) {
      form.setError(name as Path<z4.input<S>>, { type: "server", message });
    }
  }, [serverErrors, form]);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    const el = event.currentTarget;
    const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    void form.handleSubmit(() => {
      submit(submitter?.name ? submitter : el, { method: opts.method ?? "post", action: opts.action });
    })(event);
  };

  /** Client error for a field, falling back to the server's (e.g. before hydration). */
  const errorOf = (name: string): string | undefined => {
    const parts = name.split(".");
    let e: unknown = form.formState.errors;
    for (const p of parts) e = (e as Record<string, unknown> | undefined)?.[p];
    const msg = (e as { message?: string } | undefined)?.message;
    return msg ?? serverErrors?.[name] ?? undefined;
  };

  /**
   * `register` plus the default as a DOM attribute. react-hook-form fills inputs only after hydration, so without
   * this the server-rendered form (what posts before JavaScript loads) would be empty, hidden fields included.
   * Checkboxes and radios name their `value`; a checkbox group's default is an array of values.
   */
  const field = (name: string, opts: { type?: "checkbox" | "radio"; value?: string } = {}) => {
    const v = name
      .split(".")
      .reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], opts_defaults());
    const registered = form.register(name as Path<z4.input<S>>);
    if (opts.type === "checkbox" || opts.type === "radio") {
      const checked = Array.isArray(v)
        ? v.map(String).includes(opts.value ?? "")
        : opts.type === "radio" || opts.value !== undefined
          ? String(v ?? "") === opts.value || (opts.type === "checkbox" && v === true)
          : v === true;
      return { ...registered, value: opts.value, defaultChecked: checked };
    }
    return { ...registered, defaultValue: v === undefined || v === null ? undefined : String(v) };
  };
  const opts_defaults = () => opts.defaultValues as Record<string, unknown> | undefined;

  return { ...form, onSubmit, errorOf, field };
}
