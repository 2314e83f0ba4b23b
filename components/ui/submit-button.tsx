"use client";

import { type ComponentProps, useSyncExternalStore } from "react";

const noSubscription = () => () => {};

/**
 * A form's submit button, disabled until React runs in the browser. The app's forms post through
 * React (an onSubmit or a form action); clicked or submitted with Enter before that, the browser
 * would submit the form itself, as a GET of the page with every field, secrets and passwords too,
 * in the URL, and the page would reload empty.
 */
export function SubmitButton({ disabled, ...props }: Omit<ComponentProps<"button">, "type">) {
  const hydrated = useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
  return <button {...props} type="submit" disabled={!hydrated || disabled} />;
}
