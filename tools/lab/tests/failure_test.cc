// Reading the graded tests' output for people (failure.h): the teaching message before
// GoogleTest's raw values, a failure in a line or two, the last words before a crash,
// what each test printed; and protoc's errors in a build log (check.h).
#include "failure.h"

#include <gtest/gtest.h>

#include "check.h"
#include "fixture.h"

namespace lab::runner {
namespace {

TEST(SplitFailure, ExpectEqShowsTheTeachingMessageFirst) {
  FailureParts p = SplitFailure(
      "tests/03-unary/unary_test.cc:88\n"
      "Expected equality of these values:\n"
      "  deadline\n"
      "    Which is: 16-byte object <01-00 00-00 00-00 00-00 A8-3B 5E-0C 6D-55 00-00>\n"
      "  expected\n"
      "the server saw no deadline: set one on the ClientContext\n"
      "(lessons/03-unary/client.cc, TODO 3.4)");
  EXPECT_EQ(p.location, "tests/03-unary/unary_test.cc:88");
  EXPECT_EQ(p.teaching,
            "the server saw no deadline: set one on the ClientContext\n"
            "(lessons/03-unary/client.cc, TODO 3.4)");
  EXPECT_EQ(
      p.raw,
      "Expected equality of these values:\n  deadline\n"
      "    Which is: 16-byte object <01-00 00-00 00-00 00-00 A8-3B 5E-0C 6D-55 00-00>\n"
      "  expected");
  EXPECT_EQ(ShortenRaw(p.raw),
            "Expected equality of these values:\n  deadline\n"
            "    Which is: 16-byte object <01-00 00-00 00-00 ...>\n  expected");
}

TEST(SplitFailure, ExpectEqWithBothValuesADiffAndAProtoMessage) {
  FailureParts p = SplitFailure(
      "t.cc:5: Failure\n"
      "Expected equality of these values:\n"
      "  reply.message()\n"
      "    Which is: \"Hello\\nAda\"\n"
      "  \"Hello, Ada!\"\n"
      "    Which is: \"Hello, Ada!\"\n"
      "With diff:\n"
      "@@ -1,2 +1,1 @@\n"
      "-Hello\n"
      "-Ada\n"
      "+Hello, Ada!\n"
      "SayHello should greet by name");
  EXPECT_EQ(p.location, "t.cc:5");
  EXPECT_EQ(p.teaching, "SayHello should greet by name");
  EXPECT_NE(p.raw.find("+Hello, Ada!"), std::string::npos) << p.raw;

  FailureParts proto = SplitFailure(
      "t.cc:9\nExpected equality of these values:\n  got\n    Which is: <\n"
      "name: \"Ada\"\nphones {\n  number: \"1\"\n}\n>\n  want\n    Which is: <>\n"
      "the phones must be kept in order");
  EXPECT_EQ(proto.teaching, "the phones must be kept in order");
  EXPECT_NE(proto.raw.find("  number: \"1\""), std::string::npos) << proto.raw;
}

// LAB_EXPECT_OK / LAB_EXPECT_CODE: EXPECT_TRUE on an AssertionResult whose message
// (tests/support/testing.cc) teaches, followed by the test's own `<<` message.
TEST(SplitFailure, AssertionResultMessageComesFirst) {
  FailureParts p = SplitFailure(
      "tests/03-unary/unary_test.cc:62\n"
      "Value of: ::lab::testing::IsOk(SayHello(name, &reply))\n"
      "  Actual: false (not started yet: TODO(lesson03): implement SayHello in "
      "lessons/03-unary/greeter_service.cc)\n"
      "Expected: true\n"
      "SayHello(\"Ada\")");
  EXPECT_EQ(p.teaching,
            "not started yet: TODO(lesson03): implement SayHello in "
            "lessons/03-unary/greeter_service.cc\nSayHello(\"Ada\")");
  EXPECT_EQ(p.raw,
            "Value of: ::lab::testing::IsOk(SayHello(name, &reply))\n  Actual: false\n"
            "Expected: true");

  // A message over several lines, with parentheses of its own, and no `<<` text.
  FailureParts code = SplitFailure(
      "t.cc:3\nValue of: ::lab::testing::HasCode((s), (StatusCode::NOT_FOUND))\n"
      "  Actual: false (expected status NOT_FOUND, got OK\n(an unknown id is the "
      "caller's mistake))\nExpected: true");
  EXPECT_EQ(code.teaching,
            "expected status NOT_FOUND, got OK\n(an unknown id is the caller's mistake)");
  EXPECT_EQ(code.raw.find("got OK"), std::string::npos) << code.raw;
}

TEST(SplitFailure, ExpectTrueWithAndWithoutAMessage) {
  FailureParts p = SplitFailure(
      "t.cc:7\nValue of: stream_finished\n  Actual: false\nExpected: true\n"
      "the server must call Finish");
  EXPECT_EQ(p.teaching, "the server must call Finish");
  EXPECT_EQ(p.raw, "Value of: stream_finished\n  Actual: false\nExpected: true");

  FailureParts bare =
      SplitFailure("t.cc:7\nValue of: ok\n  Actual: true\nExpected: false");
  EXPECT_EQ(bare.teaching, "");
  EXPECT_EQ(bare.raw, "Value of: ok\n  Actual: true\nExpected: false");
}

TEST(SplitFailure, ComparisonsLikeExpectLe) {
  FailureParts p = SplitFailure(
      "tests/06-bidi-streaming/chat_test.cc:671: Failure\n"
      "Expected: (away.count()) <= (2000), actual: 7427344106716 vs 2000\n"
      "the client gave up 7427344106716 ms after the deadline: does it set one?");
  EXPECT_EQ(p.location, "tests/06-bidi-streaming/chat_test.cc:671");
  EXPECT_EQ(p.teaching,
            "the client gave up 7427344106716 ms after the deadline: does it set one?");
  EXPECT_EQ(p.raw, "Expected: (away.count()) <= (2000), actual: 7427344106716 vs 2000");
}

TEST(SplitFailure, ExpectNear) {
  FailureParts p = SplitFailure(
      "t.cc:1\nThe difference between seconds and 5.0 is 2.5, which exceeds 0.5, where\n"
      "seconds evaluates to 7.5,\n5.0 evaluates to 5,\n0.5 evaluates to 0.5.\n"
      "the deadline should be about 5 s away");
  EXPECT_EQ(p.teaching, "the deadline should be about 5 s away");
  EXPECT_EQ(SplitLines(p.raw).size(), 4u) << p.raw;
}

TEST(SplitFailure, ExpectThatAndExpectThrow) {
  FailureParts that = SplitFailure(
      "t.cc:2\nValue of: recorder.authorization\nExpected: is empty\n"
      "  Actual: { \"Bearer x\" }, whose size is 1\nno token may be sent here");
  EXPECT_EQ(that.teaching, "no token may be sent here");
  EXPECT_EQ(SplitLines(that.raw).size(), 3u) << that.raw;

  FailureParts thrown = SplitFailure(
      "t.cc:2\nExpected: Parse(\"\") throws an exception of type std::invalid_argument.\n"
      "  Actual: it throws nothing.\nan empty id is invalid");
  EXPECT_EQ(thrown.teaching, "an empty id is invalid");
}

TEST(SplitFailure, FailAndMessagesWithoutGoogleTestWords) {
  FailureParts fail = SplitFailure(
      "tests/02-wire-format/wire_test.cc:317\nFailed\nnot started yet: AppendVarint "
      "writes nothing");
  EXPECT_EQ(fail.teaching, "not started yet: AppendVarint writes nothing");
  EXPECT_EQ(fail.raw, "");

  FailureParts custom = SplitFailure("t.cc:4\nbytes differ at field 3:\n  yours: 08 01");
  EXPECT_EQ(custom.teaching, "bytes differ at field 3:\n  yours: 08 01");
  FailureParts thrown = SplitFailure(
      "unknown file\nC++ exception with description \"stoi\" thrown in the test body.");
  EXPECT_EQ(thrown.location, "");
  EXPECT_EQ(thrown.teaching,
            "C++ exception with description \"stoi\" thrown in the test body.");
}

TEST(SplitFailure, NoUserTextLeavesTheRawValues) {
  FailureParts p = SplitFailure(
      "t.cc:8\nExpected equality of these values:\n  got.size()\n    Which is: 3\n  2u\n"
      "    Which is: 2");
  EXPECT_EQ(p.teaching, "");
  EXPECT_EQ(SplitLines(p.raw).size(), 5u);
  EXPECT_EQ(ShortReason("t.cc:8\n" + p.raw, 100),
            std::vector<std::string>{"Expected equality of these values:  got.size()  "
                                     "Which is: 3  2u  Which is: 2"});
}

TEST(SplitFailure, ScopedTraceNotesFollowTheMessage) {
  FailureParts p = SplitFailure(
      "t.cc:9\nValue of: ok\n  Actual: false\nExpected: true\nthe JSON keys are wrong\n"
      "Google Test trace:\ntests/01-protobuf/protobuf_test.cc:701: your JSON: {\"x\":1}");
  EXPECT_EQ(p.teaching, "the JSON keys are wrong\nyour JSON: {\"x\":1}");
}

TEST(ShortReason, OneOrTwoLinesOfTheTeachingMessage) {
  std::string failure =
      "t.cc:1\nValue of: ::lab::testing::IsOk(s)\n  Actual: false (expected status OK, "
      "got "
      "NOT_FOUND: \"no such product: SKU-1\")\nExpected: "
      "true\nGetProductStock(\"SKU-1\")\n"
      "a third line that does not fit";
  EXPECT_EQ(ShortReason(failure, 80),
            (std::vector<std::string>{
                "expected status OK, got NOT_FOUND: \"no such product: SKU-1\"",
                "GetProductStock(\"SKU-1\") ..."}));
  std::vector<std::string> wrapped = ShortReason(
      "t.cc:1\nlessons/01-protobuf/person.proto: message Person has no field 'email'. "
      "Add "
      "it: `string email = 3;` (task 1.1)",
      60);
  ASSERT_EQ(wrapped.size(), 2u);
  EXPECT_LE(wrapped[0].size(), 60u);
  EXPECT_EQ(wrapped[0].find("lessons/01-protobuf/person.proto:"), 0u);
  EXPECT_TRUE(ShortReason("", 80).empty());
}

TEST(LastWordsBeforeCrash, GrpcsOwnWordsFromTheCrashingTest) {
  std::string output =
      "[ RUN      ] Lesson09.Earlier\n"
      "earlier noise\n"
      "[       OK ] Lesson09.Earlier (1 ms)\n"
      "[ RUN      ] Lesson09.Crashes\n"
      "E0115 10:11:12.123456789   1234 call.cc:1719]                 API misuse of type "
      "GRPC_CALL_ERROR_TOO_MANY_OPERATIONS\n"
      "\n"
      "E0115 10:11:12.123456790   1234 ssl_credentials.cc:9] assertion failed: "
      "root_cert_name.has_value() || identity_cert_name.has_value()\n"
      "\n"
      "[  CRASH   ] Lesson09.Crashes crashed the test program: signal ABRT (Aborted).\n"
      "after the crash\n";
  EXPECT_EQ(LastWordsBeforeCrash(output),
            (std::vector<std::string>{
                "gRPC: API misuse of type GRPC_CALL_ERROR_TOO_MANY_OPERATIONS",
                "gRPC: assertion failed: root_cert_name.has_value() || "
                "identity_cert_name.has_value()"}));
  // Killed without the harness's line: the end of the output, a few lines at most.
  std::string killed = "[ RUN      ] S.T\n";
  for (int i = 0; i < 10; ++i) killed += "line " + std::to_string(i) + "\n";
  std::vector<std::string> last = LastWordsBeforeCrash(killed, 3);
  EXPECT_EQ(last, (std::vector<std::string>{"line 7", "line 8", "line 9"}));
}

TEST(OutputByTest, WhatEachTestPrintedWithoutGoogleTestsLines) {
  std::string output =
      "Running main() from gtest_main.cc\n"
      "[==========] Running 2 tests from 1 test suite.\n"
      "[----------] 2 tests from Lesson02WireSize\n"
      "[ RUN      ] Lesson02WireSize.Quiet\n"
      "[       OK ] Lesson02WireSize.Quiet (0 ms)\n"
      "[ RUN      ] Lesson02WireSize.Table\n"
      "reading      protobuf  JSON  JSON/protobuf\n"
      "sample             42   122           2.90\n"
      "[       OK ] Lesson02WireSize.Table (1 ms)\n"
      "[==========] 2 tests from 1 test suite ran. (1 ms total)\n"
      "[  PASSED  ] 2 tests.\n"
      " 1 FAILED TEST\n";
  std::vector<PrintedOutput> printed = OutputByTest(output);
  ASSERT_EQ(printed.size(), 1u);
  EXPECT_EQ(printed[0].id, "Lesson02WireSize.Table");
  EXPECT_EQ(printed[0].lines,
            (std::vector<std::string>{"reading      protobuf  JSON  JSON/protobuf",
                                      "sample             42   122           2.90"}));
}

// Lesson 01's learner edits a .proto: protoc's error (printed once per generator, with
// the file as protoc found it on its import path) shows once, as the learner's file
// and line, with the line itself, and no path of the build folder.
TEST(FirstBuildError, ProtocErrorNamesTheLearnersFileAndLineOnce) {
  fs::path root = testing::MakeTempDir();
  std::string proto = "syntax = \"proto3\";\nmessage Person {\n  int64 id = 2\n}\n";
  // (protoc names the token after the missing ";": the line before is shown too.)
  testing::Write(root / "lessons/01-protobuf/person.proto", proto);
  std::string dir = (root / "lessons/01-protobuf").string();
  std::string build = (root / "build/lessons/01-protobuf").string();
  std::string log =
      "[0/2] Re-checking globbed directories...\n"
      "[1/11] Running cpp protocol buffer compiler on " +
      dir +
      "/person.proto\n"
      "FAILED: lessons/01-protobuf/lesson01/person.pb.h "
      "lessons/01-protobuf/lesson01/person.pb.cc\n"
      "cd " +
      build + " && /usr/bin/protoc --cpp_out " + build + "/lesson01 -I " + dir + " " +
      dir +
      "/person.proto\n"
      "person.proto:4:1: Expected \";\".\n"
      "[2/11] Running grpc protocol buffer compiler on " +
      dir +
      "/person.proto\n"
      "FAILED: lessons/01-protobuf/lesson01/person.grpc.pb.h\n"
      "cd " +
      build + " && /usr/bin/protoc --grpc_out " + build +
      "/lesson01 "
      "--plugin=protoc-gen-grpc=/usr/bin/grpc_cpp_plugin -I " +
      dir + " " + dir +
      "/person.proto\n"
      "person.proto:4:1: Expected \";\".\n"
      "ninja: build stopped: subcommand failed.\n";
  std::string e = FirstBuildError(log, root);
  EXPECT_EQ(e,
            "lessons/01-protobuf/person.proto:4:1: error: Expected \";\".\n"
            "    3 |   int64 id = 2\n"
            "    4 | }\n"
            "      | ^\n");
  // Comments and blank lines between them are skipped.
  testing::Write(root / "lessons/01-protobuf/person.proto",
                 "message P {\n  int64 id = 2\n\n  // TODO(lesson01): more\n}\n");
  std::string gap = FirstBuildError("cd x && /usr/bin/protoc -I " + dir +
                                        " person.proto\nperson.proto:5:1: Expected "
                                        "\";\".\n",
                                    root);
  EXPECT_EQ(gap,
            "lessons/01-protobuf/person.proto:5:1: error: Expected \";\".\n"
            "    2 |   int64 id = 2\n  ... |\n    5 | }\n      | ^\n");
  fs::remove_all(root);

  std::string missing = FirstBuildError(
      "google/protobuf/timestamp2.proto: File not found.\n"
      "person.proto:3:1: Import \"google/protobuf/timestamp2.proto\" was not found or "
      "had "
      "errors.\n",
      "/ROOT");
  EXPECT_NE(missing.find("File not found."), std::string::npos) << missing;
  EXPECT_NE(missing.find("person.proto:3:1: error: Import"), std::string::npos)
      << missing;
  EXPECT_EQ(FirstBuildError("person.proto: warning: Import x.proto is unused.\n"
                            "x.cc:1:1: error: boom\n",
                            "/ROOT"),
            "x.cc:1:1: error: boom\n")
      << "protoc's warnings are not errors";
}

TEST(FirstBuildError, UnrecognisedLogsLeaveOutTheBuildToolsLines) {
  std::string e = FirstBuildError(
      "[1/2] Building CXX object lessons/01-protobuf/CMakeFiles/x.dir/y.cc.o\n"
      "FAILED: lessons/01-protobuf/CMakeFiles/x.dir/y.cc.o\n"
      "something odd happened\n",
      "/ROOT");
  EXPECT_EQ(e, "something odd happened\n");
}

}  // namespace
}  // namespace lab::runner
