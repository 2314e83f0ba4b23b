import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ResourceTimeline } from "@/components/snapshots/resource-timeline";
import { resourceKeySchema } from "@/lib/snapshots/schemas";
import { getResourceTimeline } from "@/lib/snapshots/timeline";

interface Props {
  params: Promise<{ type: string; id: string }>;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { type, id } = await params;
  return { title: `${type}/${id} · Accelo Webhook Monitor` };
}

export default async function ResourcePage({ params }: Props) {
  const key = resourceKeySchema.safeParse(await params);
  if (!key.success) notFound();
  const timeline = await getResourceTimeline(key.data);
  return (
    <div className="mx-auto max-w-7xl space-y-6 px-4 py-6 sm:px-6 lg:px-8">
      <header>
        <h1 className="text-xl font-semibold text-slate-900">
          <span className="font-mono">
            {key.data.type}/{key.data.id}
          </span>
        </h1>
        <p className="mt-1 text-sm text-slate-500">
          Every delivery about this object and every snapshot of it, newest first. Pick two snapshots to see which
          fields changed.
        </p>
      </header>
      <ResourceTimeline initial={timeline} />
    </div>
  );
}
