"""Django app `assistant`: ORM models, forms and the service that talks to Bedrock."""

import boto3
from django import forms
from django.conf import settings
from django.db import models
from rest_framework import serializers


class BedrockModelChoice(models.TextChoices):
    HAIKU = "anthropic.claude-3-haiku-20240307-v1:0", "Claude 3 Haiku"  # expect: BRL101
    SONNET = "us.anthropic.claude-3-7-sonnet-20250219-v1:0", "Claude 3.7 Sonnet"  # expect: BRL102
    NOVA_LITE = "amazon.nova-lite-v1:0", "Amazon Nova Lite"  # expect: BRL101


class Conversation(models.Model):
    title = models.CharField(max_length=200)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="conversations")
    # "model" is the Bedrock model the user picked for this conversation
    model = models.CharField(max_length=100, choices=BedrockModelChoice.choices, default=BedrockModelChoice.HAIKU)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "conversation"

    def __str__(self) -> str:
        return f"{self.title} ({self.get_model_display()})"


class Message(models.Model):
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="messages")
    role = models.CharField(max_length=10, choices=[("user", "User"), ("assistant", "Assistant")])
    content = models.TextField()
    model_id = models.CharField(max_length=100, blank=True, help_text="e.g. anthropic.claude-3-haiku-20240307-v1:0")
    input_tokens = models.PositiveIntegerField(default=0)
    output_tokens = models.PositiveIntegerField(default=0)


class ConversationForm(forms.ModelForm):
    class Meta:
        model = Conversation
        fields = ["title", "model"]


class MessageSerializer(serializers.ModelSerializer):
    class Meta:
        model = Message
        fields = ["id", "role", "content", "model_id", "input_tokens", "output_tokens"]


def reply(conversation: Conversation, text: str) -> Message:
    Message.objects.create(conversation=conversation, role="user", content=text)
    history = [
        {"role": m.role, "content": [{"text": m.content}]} for m in conversation.messages.order_by("id")
    ]
    client = boto3.client("bedrock-runtime", region_name=settings.AWS_REGION)
    out = client.converse(modelId=conversation.model, messages=history)
    usage = out["usage"]
    return Message.objects.create(
        conversation=conversation,
        role="assistant",
        content=out["output"]["message"]["content"][0]["text"],
        model_id=conversation.model,
        input_tokens=usage["inputTokens"],
        output_tokens=usage["outputTokens"],
    )


def haiku_conversations():
    return Conversation.objects.filter(model="anthropic.claude-3-haiku-20240307-v1:0").count()
