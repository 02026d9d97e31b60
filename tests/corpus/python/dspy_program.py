"""DSPy program that classifies support tickets; optimized with MIPROv2.

Student: Claude 3.7 Sonnet on Bedrock. Teacher for bootstrapping demos: Nova Pro.
The OpenAI model is only used when running the notebook locally without AWS creds.
"""

import os

import dspy
from dspy.teleprompt import MIPROv2

if os.getenv("USE_OPENAI"):
    lm = dspy.LM("openai/gpt-4o-mini", api_key=os.environ["OPENAI_API_KEY"])
else:
    lm = dspy.LM(
        "bedrock/anthropic.claude-3-7-sonnet-20250219-v1:0",  # expect: BRL101
        max_tokens=1000,
        temperature=0.0,
    )

teacher_lm = dspy.LM("bedrock/us.amazon.nova-pro-v1:0", max_tokens=2000)  # expect: BRL102

dspy.configure(lm=lm)


class TicketCategory(dspy.Signature):
    """Classify a support ticket into exactly one category."""

    ticket: str = dspy.InputField()
    category: str = dspy.OutputField(desc="one of: billing, bug, feature_request, account, other")
    urgency: int = dspy.OutputField(desc="1 (low) to 5 (critical)")


class Classifier(dspy.Module):
    def __init__(self):
        super().__init__()
        self.predict = dspy.ChainOfThought(TicketCategory)

    def forward(self, ticket: str):
        return self.predict(ticket=ticket)


def accuracy(example, prediction, trace=None) -> bool:
    return example.category == prediction.category


def optimize(trainset: list[dspy.Example]) -> Classifier:
    optimizer = MIPROv2(metric=accuracy, auto="light", teacher_settings={"lm": teacher_lm})
    compiled = optimizer.compile(Classifier(), trainset=trainset, requires_permission_to_run=False)
    compiled.save("classifier.json")
    return compiled
