// The CSP nonce of this response (docs/decisions/070): the server sets it on Remix's scripts; in the browser it is
// empty (browsers hide nonce attributes), which is what hydration expects.
import { createContext, useContext } from "react";

export const NonceContext = createContext<string>("");
export const NonceProvider = NonceContext.Provider;

export function useNonce() {
  return useContext(NonceContext);
}
