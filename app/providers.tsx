"use client";

import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { type ReactNode, useState } from "react";
import { signInAgainIfUnauthorized } from "@/lib/query/sign-in-again";

export function Providers({ children }: { children: ReactNode }) {
  const [queryClient] = useState(
    () =>
      new QueryClient({
        defaultOptions: { queries: { staleTime: 5_000, retry: 1 } },
        queryCache: new QueryCache({ onError: signInAgainIfUnauthorized }),
        mutationCache: new MutationCache({ onError: signInAgainIfUnauthorized }),
      }),
  );
  return <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>;
}
