export default function DeliveriesPage() {
  return <main className="p-8">Accelo Webhook Monitor</main>;
}
