-- CreateIndex
CREATE INDEX "Delivery_resourceType_id_idx" ON "Delivery"("resourceType", "id");
