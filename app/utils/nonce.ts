import { createContext, useContext } from "react";

// The CSP nonce of this response, provided by entry.server (and read back from the page on the client),
// so it never travels in loader data.
export const NonceContext = createContext<string | undefined>(undefined);
export const useNonce = () => useContext(NonceContext);
