import { idParamSchema } from "../http/id-param";

export const deliveryIdSchema = idParamSchema("delivery");
