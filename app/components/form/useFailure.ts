// How a form reads a refused save (docs/development.md, "Refusing a write").
import { useActionData } from "@remix-run/react";
import { failureOf, type Failure } from "~/domain/refusal";

/** The action's refusal for this form (`form` omitted: any refusal on the page), or null. */
export function useFailure(form?: string): Failure | null {
  return failureOf(useActionData(), form);
}
