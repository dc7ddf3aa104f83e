"""The VTL subset of API Gateway mapping templates, and the $input/$util variables."""

from __future__ import annotations

import json

import pytest

from localstack.services.apigateway.templates import escape_javascript, json_path, render_template
from localstack.services.apigateway.vtl import VTLError, render

PARAMS = {
    "path": {"id": "42"},
    "querystring": {"q": "a b", "id": "from-query"},
    "header": {"Content-Type": "application/json", "X-Trace": "t1"},
}


def tmpl(text: str, body: str = "", context: dict | None = None, stage: dict | None = None) -> str:
    return render_template(text, body, PARAMS, context or {}, stage or {})


def test_references_and_quiet_references():
    assert render("Hi $name, ${name}!", {"name": "Ann"}) == "Hi Ann, Ann!"
    assert render("[$missing][$!missing][$!{missing}]", {}) == "[$missing][][]"
    assert render("$a.b.c", {"a": {"b": {"c": 3}}}) == "3"
    assert render("cost: $5", {}) == "cost: $5"
    assert render("a-$x-b", {"x": 1}) == "a-1-b"


def test_escaped_references_are_literal():
    assert render("\\$name \\#set", {"name": "x"}) == "$name #set"


def test_set_if_elseif_else():
    text = "#set($n = 5)#if($n > 10)big#elseif($n >= 5 && $n != 7)mid#else small#end"
    assert render(text, {}) == "mid"
    assert render("#if(!$x)none#end", {}) == "none"
    assert render("#if($x == 'a' || $x == 'b')ab#end", {"x": "b"}) == "ab"
    assert render("#{if}(true)yes#{else}no#{end}", {}) == "yes"


def test_foreach_with_has_next_and_break():
    text = '[#foreach($i in $items)"$i"#if($foreach.hasNext),#end#end]'
    assert render(text, {"items": ["a", "b", "c"]}) == '["a","b","c"]'
    assert render("#foreach($i in [1..4])#if($i == 3)#break#end$i#end", {}) == "12"
    assert render("#foreach($i in [3..1])$velocityCount:$i #end", {}) == "1:3 2:2 3:1 "
    assert render("#foreach($k in $m.keySet())$k=$m.get($k);#end", {"m": {"a": 1, "b": 2}}) == "a=1;b=2;"


def test_directive_only_lines_leave_no_blank_lines():
    text = '{\n  #set($x = "v")\n  #if($x)\n  "k": "$x"\n  #end\n}'
    assert render(text, {}) == '{\n  "k": "v"\n}'


def test_comments():
    assert render("a## gone\nb#* also\ngone *#c", {}) == "a\nbc"


def test_expressions_literals_and_methods():
    assert render("#set($l = [1, 2])$l.size() $l.get(1)", {}) == "2 2"
    assert render('#set($m = {"a": 1})$m.a $m.size()', {}) == "1 1"
    assert render("$s.length() $s.toUpperCase() $s.substring(1, 3)", {"s": "hello"}) == "5 HELLO el"
    assert render("#set($x = 7 / 2 + 10 % 3 * 2)$x", {}) == "5"
    assert render('#set($s = "a" + 1)$s', {}) == "a1"
    assert render('#set($who = "W")#set($t = "hi $who")$t', {}) == "hi W"
    assert render("#set($t = 'hi $who')$t", {}) == "hi $who"
    assert render("#set($m = {})#set($m.k = 'v')$m.k", {}) == "v"
    assert render("$m", {"m": {"a": 1}}) == "{a=1}"
    assert render("$b", {"b": True}) == "true"


def test_parse_errors():
    with pytest.raises(VTLError):
        render("#if($x)never closed", {})
    with pytest.raises(VTLError):
        render("#set(x = 1)", {})


def test_input_json_path_and_body():
    body = '{"name": "Ann", "tags": ["x", "y"], "n": {"v": 1}}'
    assert tmpl("$input.json('$')", body) == json.dumps(json.loads(body), separators=(",", ":"))
    assert tmpl("$input.json('$.tags')", body) == '["x","y"]'
    assert tmpl("$input.path('$.name')", body) == "Ann"
    assert tmpl("$input.path('$.tags').size()", body) == "2"
    assert tmpl("$input.json('$.n.v')", body) == "1"
    assert tmpl("$input.body", body) == body
    assert tmpl("$input.json('$')", "") == "{}"
    assert tmpl("#foreach($t in $input.path('$.tags'))$t#end", body) == "xy"


def test_input_params():
    assert tmpl("$input.params('id')") == "42"  # path before query string
    assert tmpl("$input.params('q')") == "a b"
    assert tmpl("$input.params('x-trace')") == "t1"
    assert tmpl("[$input.params('nope')]") == "[]"
    assert tmpl("$input.params().path.id") == "42"
    text = "#foreach($k in $input.params().querystring.keySet())$k;#end"
    assert tmpl(text) == "q;id;"


def test_util_functions():
    assert tmpl("$util.escapeJavaScript($input.body)", "a\"b'c/\n\u00e9") == "a\\\"b\\'c\\/\\n\\u00E9"
    assert tmpl("$util.base64Encode('hi')") == "aGk="
    assert tmpl("$util.base64Decode('aGk=')") == "hi"
    assert tmpl("$util.urlEncode('a b&c~')") == "a+b%26c%7E"
    assert tmpl("$util.urlDecode('a+b%26c')") == "a b&c"
    assert tmpl("$util.parseJson('{\"a\": 2}').a") == "2"


def test_context_and_stage_variables():
    context = {"requestId": "r1", "authorizer": {"principalId": "u1"}, "identity": {"sourceIp": "1.2.3.4"}}
    text = "$context.requestId $context.authorizer.principalId $context.identity.sourceIp $stageVariables.v"
    assert tmpl(text, context=context, stage={"v": "s1"}) == "r1 u1 1.2.3.4 s1"


def test_json_path():
    doc = {"a": [{"b": 1}, {"b": 2}], "c d": {"e": None}}
    assert json_path(doc, "$.a[1].b") == 2
    assert json_path(doc, "$.a[-1].b") == 2
    assert json_path(doc, "$.a[*].b") == [1, 2]
    assert json_path(doc, "$['c d']") == {"e": None}
    assert json_path(doc, "$..b") == [1, 2]
    assert json_path(doc, "$.nope") is None
    assert json_path(doc, "a[0]") == {"b": 1}


def test_escape_javascript_astral_and_controls():
    assert escape_javascript("\x01\U0001f600") == "\\u0001\\uD83D\\uDE00"
