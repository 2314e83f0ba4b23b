-- CreateIndex
CREATE INDEX "Delivery_eventId_objectId_id_idx" ON "Delivery"("eventId", "objectId", "id");
