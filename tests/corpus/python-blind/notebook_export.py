#!/usr/bin/env python
# coding: utf-8

# # Getting started with Amazon Bedrock
# This notebook was exported with `jupyter nbconvert --to script`.
# It shows text generation with Claude, Titan and Llama 3.

# In[1]:


import json
import boto3
import botocore

session = boto3.Session(profile_name="default")
bedrock = session.client(service_name="bedrock-runtime", region_name="us-east-1")


# ## Claude 3 Sonnet via the Messages API

# In[2]:


prompt_data = """Command: Write me a blog about making strong business decisions as a leader."""

body = json.dumps(
    {
        "anthropic_version": "bedrock-2023-05-31",
        "max_tokens": 1000,
        "messages": [{"role": "user", "content": [{"type": "text", "text": prompt_data}]}],
    }
)
modelId = "anthropic.claude-3-sonnet-20240229-v1:0"  # expect: BRL101
# modelId = "anthropic.claude-3-haiku-20240307-v1:0"
accept = "application/json"
contentType = "application/json"

try:
    response = bedrock.invoke_model(body=body, modelId=modelId, accept=accept, contentType=contentType)
    response_body = json.loads(response.get("body").read())
    print(response_body["content"][0]["text"])
except botocore.exceptions.ClientError as error:
    if error.response["Error"]["Code"] == "AccessDeniedException":
        print(
            f"\x1b[41m{error.response['Error']['Message']}\n"
            "To troubleshoot this issue please refer to the following resources.\n"
            "Make sure anthropic.claude-3-sonnet-20240229-v1:0 is enabled in Model access.\x1b[0m\n"
        )
    else:
        raise error


# ## Amazon Titan Text Express

# In[3]:


modelId = "amazon.titan-text-express-v1"  # expect: BRL101
body = json.dumps(
    {
        "inputText": prompt_data,
        "textGenerationConfig": {"maxTokenCount": 4096, "stopSequences": [], "temperature": 0, "topP": 1},
    }
)
response = bedrock.invoke_model(body=body, modelId=modelId, accept=accept, contentType=contentType)
print(json.loads(response.get("body").read())["results"][0]["outputText"])


# ## Llama 3 with the Converse API

# In[4]:


llama_id = "meta.llama3-70b-instruct-v1:0"  # expect: BRL101
conversation = [{"role": "user", "content": [{"text": prompt_data}]}]
response = bedrock.converse(
    modelId=llama_id,
    messages=conversation,
    inferenceConfig={"maxTokens": 512, "temperature": 0.5, "topP": 0.9},
)
print(response["output"]["message"]["content"][0]["text"])


# ## Streaming with a cross-region inference profile

# In[5]:


streaming_response = bedrock.converse_stream(
    modelId="us.anthropic.claude-3-5-haiku-20241022-v1:0",  # expect: BRL102
    messages=conversation,
    inferenceConfig={"maxTokens": 512},
)
for chunk in streaming_response["stream"]:
    if "contentBlockDelta" in chunk:
        print(chunk["contentBlockDelta"]["delta"]["text"], end="")


# ## Embeddings (Titan Text Embeddings V2)

# In[6]:


embed_body = json.dumps({"inputText": "What is Amazon Bedrock?", "dimensions": 512, "normalize": True})
embed_response = bedrock.invoke_model(
    body=embed_body,
    modelId="amazon.titan-embed-text-v2:0",
    accept=accept,
    contentType=contentType,
)
print(len(json.loads(embed_response["body"].read())["embedding"]))


# In[ ]:


# Next: try "mistral.mixtral-8x7b-instruct-v0:1" or "cohere.command-r-plus-v1:0" above.
