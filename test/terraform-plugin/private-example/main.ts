// A test-only provider whose resource keeps a note in Terraform's private state, to prove create, update, read and
// import can set it (and that a bare return keeps what Terraform sent).
import {
  attr,
  defineProvider,
  defineResource,
  defineSchema,
  serve,
  withPrivate,
} from "../../../provider/terraform/plugin";

const schema = defineSchema({
  version: 0,
  attributes: {
    id: attr.string({ computed: true }),
    keep: attr.bool({ optional: true }),
  },
});

const note = (b: Buffer) => b.toString("utf8");

const noted = defineResource<typeof schema.attributes, null>({
  typeName: "tfpluginprivate_noted",
  schema,
  create: ({ planned, plannedPrivate }) =>
    withPrivate({ ...planned, id: "n1" }, Buffer.from(`created after ${note(plannedPrivate) || "nothing"}`)),
  update: ({ planned, plannedPrivate }) =>
    planned.keep === true ? planned : withPrivate(planned, Buffer.from(`updated after ${note(plannedPrivate)}`)),
  read: ({ state, privateState }) =>
    state.keep === true ? state : withPrivate(state, Buffer.from(`read after ${note(privateState)}`)),
  delete: () => undefined,
  importState: ({ id }) => withPrivate({ id }, Buffer.from(`imported ${id}`)),
});

serve(
  defineProvider({
    typeName: "tfpluginprivate",
    schema: defineSchema({ version: 0, attributes: {} }),
    configure: () => null,
    resources: [noted],
  }),
);
