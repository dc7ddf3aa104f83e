"""Inline Lambda code (Code.ZipFile) as AWS packages it: index.py or index.js beside the cfn-response
helper that custom resource handlers import."""

from __future__ import annotations

import io
import zipfile

# The helpers AWS puts beside inline code so that custom resource handlers can answer CloudFormation.
_PY_CFNRESPONSE = '''"""Answers a CloudFormation custom resource request through its ResponseURL."""
import json
import urllib.request

SUCCESS = "SUCCESS"
FAILED = "FAILED"


def send(event, context, responseStatus, responseData, physicalResourceId=None, noEcho=False,
         reason=None):
    log_stream = getattr(context, "log_stream_name", "") if context is not None else ""
    body = {
        "Status": responseStatus,
        "Reason": reason or ("See the details in CloudWatch Log Stream: " + str(log_stream)),
        "PhysicalResourceId": physicalResourceId or log_stream or event["LogicalResourceId"],
        "StackId": event["StackId"],
        "RequestId": event["RequestId"],
        "LogicalResourceId": event["LogicalResourceId"],
        "NoEcho": noEcho,
        "Data": responseData or {},
    }
    data = json.dumps(body).encode("utf-8")
    request = urllib.request.Request(event["ResponseURL"], data=data, method="PUT",
                                     headers={"content-type": "", "content-length": str(len(data))})
    try:
        with urllib.request.urlopen(request) as response:
            print("Status code:", response.status)
    except Exception as error:
        print("send(..) failed executing request:", error)
'''
_JS_CFN_RESPONSE = r"""// Answers a CloudFormation custom resource request through its pre-signed ResponseURL.
exports.SUCCESS = "SUCCESS";
exports.FAILED = "FAILED";
exports.send = function (event, context, responseStatus, responseData, physicalResourceId, noEcho) {
  return new Promise((resolve) => {
    const body = JSON.stringify({
      Status: responseStatus,
      Reason: "See the details in CloudWatch Log Stream: " + (context && context.logStreamName),
      PhysicalResourceId: physicalResourceId || (context && context.logStreamName) || event.LogicalResourceId,
      StackId: event.StackId,
      RequestId: event.RequestId,
      LogicalResourceId: event.LogicalResourceId,
      NoEcho: noEcho || false,
      Data: responseData || {},
    });
    const url = new URL(event.ResponseURL);
    const client = require(url.protocol === "https:" ? "https" : "http");
    const request = client.request(
      { hostname: url.hostname, port: url.port, path: url.pathname + url.search, method: "PUT",
        headers: { "content-type": "", "content-length": Buffer.byteLength(body) } },
      (response) => {
        response.resume();
        response.on("end", () => { if (context && context.done) context.done(); resolve(); });
      }
    );
    request.on("error", (error) => {
      console.log("send(..) failed executing request: " + error);
      if (context && context.done) context.done();
      resolve();
    });
    request.write(body);
    request.end();
  });
};
"""


def inline_zip(code: str, runtime: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        if runtime.startswith("nodejs"):
            archive.writestr(zipfile.ZipInfo("index.js"), code)
            archive.writestr(zipfile.ZipInfo("cfn-response.js"), _JS_CFN_RESPONSE)
            archive.writestr(zipfile.ZipInfo("node_modules/cfn-response/index.js"), _JS_CFN_RESPONSE)
        else:
            archive.writestr(zipfile.ZipInfo("index.py"), code)
            archive.writestr(zipfile.ZipInfo("cfnresponse.py"), _PY_CFNRESPONSE)
        for info in archive.infolist():
            info.external_attr = 0o644 << 16
    return buffer.getvalue()
