"""LLM and agent safety: a chat-completions client, shipped prompt suites, judges, the harness.

`ChatSafetyHarness` (entry point `chat-safety`) sends every prompt of the selected suites to an
OpenAI-compatible endpoint, asks a judge whether each answer was safe, and reports refusal,
jailbreak, PII-leak, prompt-injection and toxicity rates with Wilson intervals.
"""
