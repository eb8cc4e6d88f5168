import { buildSchema } from "graphql";
import fs from "node:fs";
const s=buildSchema(fs.readFileSync("/work/shared/reference/shopify/schemas/admin/admin-2026-07.schema.graphql","utf8"));
const q=s.getQueryType().getFields();
for (const n of ["productsCount","customersCount","ordersCount","shopifyFunctions","shopifyFunction","discountNode","automaticDiscountNode","deliveryCustomization","paymentCustomization","inventoryItem","currentAppInstallation","app","metafieldDefinition","productVariantsCount","bulkOperations","currentBulkOperation"]) { const f=q[n]; console.log(n, f? String(f.type)+" "+f.args.map(a=>a.name+":"+a.type+(a.defaultValue!==undefined?"="+a.defaultValue:"")).join(", "):"MISSING"); }
