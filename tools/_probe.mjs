import { buildSchema, isObjectType, isInterfaceType } from "graphql";
import fs from "node:fs";
const s=buildSchema(fs.readFileSync("/work/shared/reference/shopify/schemas/admin/admin-2026-07.schema.graphql","utf8"));
for (const n of process.argv.slice(2)) { const t=s.getType(n); if(!t){console.log("NO",n);continue;}
 console.log("==",n, isObjectType(t)? "implements "+t.getInterfaces().map(i=>i.name).join(","):"", t.constructor.name);
 if (t.getFields) console.log(Object.values(t.getFields()).map(f=>f.name+(f.args?.length?"("+f.args.map(a=>a.name+":"+a.type+(a.defaultValue!==undefined?"="+JSON.stringify(a.defaultValue):"")).join(",")+")":"")+":"+f.type+(f.deprecationReason?"[D]":"")).join("  "));
 if (t.getValues) console.log(t.getValues().map(v=>v.name).join(" "));
 if (t.getTypes) console.log(t.getTypes().map(v=>v.name).join(" "));
}
