// Adds a forwarding destination to a running server the way a person does: signs in with the
// dashboard password, then POSTs /api/destinations. For benchmarks and load tests.

export async function addDestination(origin: string, password: string, url: string): Promise<number> {
  const signIn = await fetch(`${origin}/api/auth/sign-in`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ password }),
  });
  const cookie = signIn.headers.get("set-cookie")?.split(";")[0];
  if (!signIn.ok || !cookie) throw new Error(`could not sign in to add the destination: ${signIn.status}`);
  const created = await fetch(`${origin}/api/destinations`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie },
    body: JSON.stringify({ name: "sink", url }),
  });
  if (created.status !== 201)
    throw new Error(`could not add the destination: ${created.status} ${await created.text()}`);
  const { destination } = (await created.json()) as { destination: { id: number } };
  return destination.id;
}
