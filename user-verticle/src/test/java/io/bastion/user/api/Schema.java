package io.bastion.user.api;

import graphql.language.FieldDefinition;
import graphql.language.InputValueDefinition;
import graphql.language.ObjectTypeDefinition;
import graphql.language.Type;
import graphql.language.TypeName;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.TypeDefinitionRegistry;
import graphql.schema.idl.TypeUtil;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The API's schema as the server loads it (graphql/schema.graphqls on the class path), read for tests: which
 * fields exist, and a document that calls one of them with variables and selects its plain fields.
 */
final class Schema {

  private static final Set<String> SCALARS = Set.of("ID", "String", "Int", "Float", "Boolean");

  private final TypeDefinitionRegistry types;

  private Schema(TypeDefinitionRegistry types) {
    this.types = types;
  }

  static Schema load() {
    try (InputStream in = Schema.class.getResourceAsStream("/graphql/schema.graphqls")) {
      if (in == null) {
        throw new IllegalStateException("graphql/schema.graphqls is not on the class path");
      }
      return new Schema(new SchemaParser().parse(in));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every field of a type, extensions included, in schema order. */
  List<FieldDefinition> fields(String typeName) {
    List<FieldDefinition> all = new ArrayList<>();
    types.getType(typeName, ObjectTypeDefinition.class).ifPresent(t -> all.addAll(t.getFieldDefinitions()));
    types.objectTypeExtensions().getOrDefault(typeName, List.of()).forEach(e -> all.addAll(e.getFieldDefinitions()));
    return all;
  }

  FieldDefinition field(String typeName, String fieldName) {
    return fields(typeName).stream().filter(f -> f.getName().equals(fieldName)).findFirst()
        .orElseThrow(() -> new AssertionError(typeName + "." + fieldName + " is not in the schema"));
  }

  /** "Query.me", "Mutation.answer", ... for every field of the given root types. */
  List<String> coordinates(String... rootTypes) {
    List<String> all = new ArrayList<>();
    for (String root : rootTypes) {
      fields(root).forEach(f -> all.add(root + "." + f.getName()));
    }
    return all;
  }

  /**
   * {@code field(arg: $arg, ...) { plain fields }} for the arguments given a value, and the matching variable
   * declarations ({@code $arg: Type}).
   */
  record Call(String declarations, String selection) {
  }

  Call call(FieldDefinition field, Set<String> given) {
    List<String> declared = new ArrayList<>();
    List<String> passed = new ArrayList<>();
    for (InputValueDefinition arg : field.getInputValueDefinitions()) {
      if (given.contains(arg.getName())) {
        declared.add("$" + arg.getName() + ": " + TypeUtil.simplePrint(arg.getType()));
        passed.add(arg.getName() + ": $" + arg.getName());
      } else if (TypeUtil.isNonNull(arg.getType()) && arg.getDefaultValue() == null) {
        throw new AssertionError("no value for the required argument " + arg.getName() + " of " + field.getName());
      }
    }
    String args = passed.isEmpty() ? "" : "(" + String.join(", ", passed) + ")";
    return new Call(String.join(", ", declared), field.getName() + args + " " + plainFields(field.getType()));
  }

  /** The document of one operation calling one root field. */
  String document(String operation, FieldDefinition field, Set<String> given) {
    Call c = call(field, given);
    return operation + (c.declarations().isEmpty() ? "" : "(" + c.declarations() + ")") + " { " + c.selection() + " }";
  }

  /** "{ a b c }" with the fields of an object type that need no arguments and no selection; "" for a scalar. */
  String plainFields(Type<?> type) {
    TypeName name = TypeUtil.unwrapAll(type);
    if (types.getType(name.getName(), ObjectTypeDefinition.class).isEmpty()) {
      return "";
    }
    String plain = fields(name.getName()).stream()
        .filter(f -> f.getInputValueDefinitions().isEmpty() && isLeaf(f.getType()))
        .map(FieldDefinition::getName)
        .collect(Collectors.joining(" "));
    return "{ __typename " + plain + " }";
  }

  boolean isLeaf(Type<?> type) {
    String name = TypeUtil.unwrapAll(type).getName();
    return SCALARS.contains(name) || types.scalars().containsKey(name)
        || types.getType(name).map(t -> t instanceof graphql.language.EnumTypeDefinition).orElse(false);
  }
}
