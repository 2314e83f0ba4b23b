import { redirect } from "next/navigation";

// The overview takes this place (issue 15); until then the landing page is the list.
export default function HomePage(): never {
  redirect("/deliveries");
}
